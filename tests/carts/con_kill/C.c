// Shows a test card, then divides by zero.
#include "card.h"

int
main(void)
{
    volatile uint32_t zero = 0;

    show_card(2);
    print("dividing by zero");
    return 100 / zero;
}
