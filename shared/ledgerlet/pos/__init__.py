"""The point of sale: registers, number blocks, shifts and sales made offline and synced later."""
