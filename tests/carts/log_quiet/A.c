// The heartbeat with a pace (../pace.c).
#include "../pace.c"
