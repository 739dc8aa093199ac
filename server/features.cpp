#include "server/features.h"

#include "server/server.h"

namespace cc::server {

void install_features(Server& /*server*/) {}

}  // namespace cc::server
