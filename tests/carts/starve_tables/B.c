// The same as task A.
#include "A.c"
