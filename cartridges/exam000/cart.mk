# Seed 000's data areas at work: four tasks grow, share and read data.
TITLE := Exam 000: data areas
