# Unit tests of the cartridge format (kernel/abi/cart.c) and of mkcart's parts.
test_cart_SRCS   := kernel/abi/cart.c
test_cart_LIBS   := -lz
test_mkcart_SRCS := kernel/abi/cart.c mkcart/task.c mkcart/symbols.c mkcart/sheet.c mkcart/assemble.c
test_mkcart_LIBS := -lpng -lz
