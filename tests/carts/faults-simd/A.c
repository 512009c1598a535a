// The heartbeat (../heartbeat.c).
#include "../heartbeat.c"
