"""Three assessors' files of the seed case (causality examples agreement -o DIR/)."""
