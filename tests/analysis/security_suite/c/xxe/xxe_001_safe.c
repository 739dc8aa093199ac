// cc-suite: cwe=611 safe
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>

int handle(const char *param, unsigned char *out) {
    xmlDocPtr doc = xmlReadMemory(param, (int)strlen(param), "in.xml", NULL, XML_PARSE_NONET);
    int ok = doc != NULL;
    xmlFreeDoc(doc);
    out[0] = (unsigned char)ok;
    return ok;
}
