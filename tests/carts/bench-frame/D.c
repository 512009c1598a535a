// Waits for frames and draws nothing: with A and B it makes four windows,
// the layout of con_bench (320 x 320 at 1024 x 768), so the one changed
// screen is measured at the same size as the four.
#include <genesis.h>

int
main(void)
{
    for (;;)
        wait_frame();
}
