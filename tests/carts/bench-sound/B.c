// Spins: with A, every clock tick has another task to switch to.
int
main(void)
{
    for (;;)
        ;
}
