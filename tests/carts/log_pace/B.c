// The printer (../flood.c).
#include "../flood.c"
