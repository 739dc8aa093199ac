#include "protocol/json_wire.h"
