// cc-suite: cwe=330 real
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

int handle(const char *param, unsigned char *out) {
    unsigned int session_token = (unsigned int)rand();
    return snprintf((char *)out, 64, "%s:%u", param, session_token);
}
