#include "server/features.h"

#include "server/diagnostics_feature.h"
#include "server/server.h"

namespace cc::server {

void install_features(Server& server) {
  server.add_feature(std::make_unique<DiagnosticsFeature>(server));
}

}  // namespace cc::server
