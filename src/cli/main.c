/* main.c: the engram command. */
#include <stdio.h>
int main(void) { puts("engram " ENGRAM_VERSION); return 0; }
