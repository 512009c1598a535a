TITLE := Data area out of memory
