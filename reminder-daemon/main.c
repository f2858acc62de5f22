#include <stdio.h>
int main(void) { fputs("msd-reminderd: being written\n", stderr); return 1; }
