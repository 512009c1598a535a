# Unit tests of the cartridge format (kernel/cart.c) and of mkcart's parts.
test_cart_SRCS   := kernel/cart.c
test_cart_LIBS   := -lz
test_mkcart_SRCS := kernel/cart.c mkcart/task.c mkcart/sheet.c mkcart/assemble.c
test_mkcart_LIBS := -lpng -lz
