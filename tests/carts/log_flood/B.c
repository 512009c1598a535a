// A copy task (copier.h).
#include "copier.h"
