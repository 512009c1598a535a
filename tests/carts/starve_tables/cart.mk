TITLE := Page-table starvation
