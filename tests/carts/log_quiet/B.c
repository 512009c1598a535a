// The printer's quiet twin (../flood.c): it spins as long.
#define FLOOD_QUIET         1
#include "../flood.c"
