// See central_service.hpp.
#include "server/central_service.hpp"

#include "server/api.hpp"
#include "server/app_files.hpp"
#include "server/http_router.hpp"
#include "server/signup_committer.hpp"
#include "server/storage_health.hpp"

namespace talkoo::central {

CentralService::CentralService(CentralStore& store, SignupVault& vault,
                               const ServiceOptions& options, std::ostream& log,
                               std::ostream& diagnostics)
    : store_(store),
      vault_(vault),
      options_(options),
      auth_(store),
      limiter_(options.rate_per_minute, options.rate_burst),
      public_limits_(options.public_limits),
      log_(log) {
    health_ = std::make_unique<StorageHealth>(store_, options_.database_file);
    committer_ = std::make_unique<SignupCommitter>(store_);
    router_ = std::make_unique<Router>(auth_, limiter_, log_, diagnostics, health_.get());
    add_health_api(*router_, *health_);
    add_device_api(*router_, store_, vault_, *committer_);
    add_device_info_api(*router_);
    add_coordinator_api(*router_, store_, vault_);
    add_report_api(*router_, store_);
    add_public_api(*router_, store_, vault_, *committer_,
                   {options_.public_channel, public_limits_, options_.http.trusted_proxies});
    if (!options_.app_folder.empty()) {
        app_files_ = std::make_unique<AppFiles>(options_.app_folder);
        add_app_files(*router_, *app_files_);
    }
    server_ = std::make_unique<HttpServer>(options_.http, router_->application());
}

CentralService::~CentralService() {
    // The committer first: it answers what it still holds while the server can still take
    // answers (after run() a Reply only drops them), then the server goes.
    committer_.reset();
    server_.reset();
}

int CentralService::bind() {
    return server_->bind();
}

void CentralService::run() {
    server_->run();
}

void CentralService::stop() {
    server_->stop();
}

}  // namespace talkoo::central
