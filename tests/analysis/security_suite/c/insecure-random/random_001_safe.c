// cc-suite: cwe=330 safe
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/random.h>

int handle(const char *param, unsigned char *out) {
    unsigned int session_token = 0;
    getrandom(&session_token, sizeof session_token, 0);
    return snprintf((char *)out, 64, "%s:%u", param, session_token);
}
