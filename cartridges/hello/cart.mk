TITLE := Hello, world
