// Icons of the Fork Awesome font (Debian: fonts-fork-awesome) that the screens use, as UTF-8
// strings ready to draw, plus the list of their code points. fonts.cpp merges exactly these glyphs
// into each text font of the atlas: the whole icon range (~800 glyphs) at six sizes would cost
// megabytes of atlas for nothing. Add an icon here and it is in the atlas.
//
// Names follow what the icon shows, not where it is used; the Fork Awesome name is in the comment.
#pragma once

#include <array>

namespace talkoo::icon {

inline constexpr const char* social = "\xef\x8a\xb5";          // fa-handshake-o, U+F2B5
inline constexpr const char* children_youth = "\xef\x86\xae";  // fa-child, U+F1AE
inline constexpr const char* elderly = "\xef\x80\x84";         // fa-heart, U+F004
inline constexpr const char* environment = "\xef\x81\xac";     // fa-leaf, U+F06C
inline constexpr const char* animals = "\xef\x86\xb0";         // fa-paw, U+F1B0
inline constexpr const char* sports = "\xef\x87\xa3";          // fa-futbol-o, U+F1E3
inline constexpr const char* culture = "\xef\x80\x81";         // fa-music, U+F001
inline constexpr const char* events = "\xef\x85\x85";          // fa-ticket, U+F145
inline constexpr const char* crafts = "\xef\x83\x84";          // fa-scissors, U+F0C4
inline constexpr const char* multicultural = "\xef\x82\xac";   // fa-globe, U+F0AC
inline constexpr const char* first_aid = "\xef\x83\xba";       // fa-medkit, U+F0FA
inline constexpr const char* digital = "\xef\x84\x89";         // fa-laptop, U+F109
inline constexpr const char* food_aid = "\xef\x83\xb5";        // fa-cutlery, U+F0F5
inline constexpr const char* all = "\xef\x80\x89";             // fa-th-large, U+F009
inline constexpr const char* back = "\xef\x81\xa0";            // fa-arrow-left, U+F060
inline constexpr const char* forward = "\xef\x81\xa1";         // fa-arrow-right, U+F061
inline constexpr const char* check = "\xef\x80\x8c";           // fa-check, U+F00C
inline constexpr const char* check_circle = "\xef\x81\x98";    // fa-check-circle, U+F058
inline constexpr const char* close = "\xef\x80\x8d";           // fa-times, U+F00D
inline constexpr const char* plus = "\xef\x81\xa7";            // fa-plus, U+F067
inline constexpr const char* map_marker = "\xef\x81\x81";      // fa-map-marker, U+F041
inline constexpr const char* clock = "\xef\x80\x97";           // fa-clock-o, U+F017
inline constexpr const char* calendar = "\xef\x81\xb3";        // fa-calendar, U+F073
inline constexpr const char* repeat = "\xef\x80\x9e";          // fa-repeat, U+F01E
inline constexpr const char* mobile = "\xef\x84\x8b";          // fa-mobile, U+F10B
inline constexpr const char* phone = "\xef\x82\x95";           // fa-phone, U+F095
inline constexpr const char* envelope = "\xef\x83\xa0";        // fa-envelope, U+F0E0
inline constexpr const char* user = "\xef\x80\x87";            // fa-user, U+F007
inline constexpr const char* users = "\xef\x83\x80";           // fa-users, U+F0C0
inline constexpr const char* comment = "\xef\x89\xbb";         // fa-commenting-o, U+F27B
inline constexpr const char* contrast = "\xef\x81\x82";        // fa-adjust, U+F042
inline constexpr const char* search = "\xef\x80\x82";          // fa-search, U+F002
inline constexpr const char* filter = "\xef\x82\xb0";          // fa-filter, U+F0B0
inline constexpr const char* remote = "\xef\x87\xab";          // fa-wifi, U+F1EB
inline constexpr const char* hand = "\xef\x82\xa6";            // fa-hand-o-up, U+F0A6
inline constexpr const char* star = "\xef\x80\x85";            // fa-star, U+F005
inline constexpr const char* info = "\xef\x81\x9a";            // fa-info-circle, U+F05A
inline constexpr const char* warning = "\xef\x81\xb1";         // fa-exclamation-triangle, U+F071
inline constexpr const char* question = "\xef\x81\x99";        // fa-question-circle, U+F059
inline constexpr const char* lock = "\xef\x80\xa3";            // fa-lock, U+F023
inline constexpr const char* shift = "\xef\x81\xa2";           // fa-arrow-up, U+F062
inline constexpr const char* backspace = "\xef\x85\xb7";       // fa-long-arrow-left, U+F177
inline constexpr const char* keyboard = "\xef\x84\x9c";        // fa-keyboard-o, U+F11C
inline constexpr const char* send = "\xef\x87\x98";            // fa-paper-plane, U+F1D8
inline constexpr const char* qrcode = "\xef\x80\xa9";          // fa-qrcode, U+F029
inline constexpr const char* building = "\xef\x86\xad";        // fa-building, U+F1AD
inline constexpr const char* chevron_right = "\xef\x81\x94";   // fa-chevron-right, U+F054
inline constexpr const char* chevron_down = "\xef\x81\xb8";    // fa-chevron-down, U+F078
inline constexpr const char* graduation = "\xef\x86\x9d";      // fa-graduation-cap, U+F19D
inline constexpr const char* certificate = "\xef\x82\xa3";     // fa-certificate, U+F0A3
inline constexpr const char* language = "\xef\x86\xab";        // fa-language, U+F1AB
inline constexpr const char* hourglass = "\xef\x89\x92";       // fa-hourglass-half, U+F252
inline constexpr const char* home = "\xef\x80\x95";            // fa-home, U+F015
inline constexpr const char* square = "\xef\x82\x96";          // fa-square-o, U+F096
inline constexpr const char* check_square = "\xef\x85\x8a";    // fa-check-square, U+F14A
inline constexpr const char* undo = "\xef\x83\xa2";            // fa-undo, U+F0E2
inline constexpr const char* volume = "\xef\x80\xa8";          // fa-volume-up, U+F028
inline constexpr const char* stop = "\xef\x81\x8d";            // fa-stop, U+F04D
inline constexpr const char* text_size = "\xef\x80\xb4";       // fa-text-height, U+F034
inline constexpr const char* compass = "\xef\x85\x8e";         // fa-compass, U+F14E
inline constexpr const char* clock_more = "\xef\x87\x9a";      // fa-history, U+F1DA
inline constexpr const char* briefcase = "\xef\x82\xb1";       // fa-briefcase, U+F0B1
inline constexpr const char* comments = "\xef\x82\x86";        // fa-comments, U+F086
inline constexpr const char* arrow_down = "\xef\x81\xa3";      // fa-arrow-down, U+F063
inline constexpr const char* search_plus = "\xef\x80\x8e";     // fa-search-plus, U+F00E

inline constexpr std::array<unsigned short, 65> kCodepoints = {
    0xf2b5, 0xf1ae, 0xf004, 0xf06c, 0xf1b0, 0xf1e3, 0xf001, 0xf145, 0xf0c4, 0xf0ac, 0xf0fa,
    0xf109, 0xf0f5, 0xf009, 0xf060, 0xf061, 0xf00c, 0xf058, 0xf00d, 0xf067, 0xf041, 0xf017,
    0xf073, 0xf01e, 0xf10b, 0xf095, 0xf0e0, 0xf007, 0xf0c0, 0xf27b, 0xf042, 0xf002, 0xf0b0,
    0xf1eb, 0xf0a6, 0xf005, 0xf05a, 0xf071, 0xf059, 0xf023, 0xf062, 0xf177, 0xf11c, 0xf1d8,
    0xf029, 0xf1ad, 0xf054, 0xf078, 0xf19d, 0xf0a3, 0xf1ab, 0xf252, 0xf015, 0xf096, 0xf14a,
    0xf0e2, 0xf028, 0xf04d, 0xf034, 0xf14e, 0xf1da, 0xf0b1, 0xf086, 0xf063, 0xf00e};

}  // namespace talkoo::icon
