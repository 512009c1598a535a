// Dies inside a function of its own, a few instructions in: the kill line
// must say "(store_score+0x...)", with the offset of the faulting store.
#include <genesis.h>

// noipa: the store stays in a function of this name, neither inlined into
// main nor moved into a specialised copy (store_score.constprop.0).
static void __attribute__((noipa))
store_score(volatile int *board, int score)
{
    print("storing the score");
    board[3] = score;
}

int
main(void)
{
    store_score((volatile int *)0, 42);
    return 0;
}
