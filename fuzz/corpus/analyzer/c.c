#include <stdio.h>
int main(int argc, char **argv) { char buf[8]; strcpy(buf, argv[1]); /* unterminated?
*/ printf(argv[1]); gets(buf); return 'a' + '\''; }
