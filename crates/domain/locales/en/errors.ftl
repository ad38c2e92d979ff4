### What a person is told when something they gave cannot be used: the
### problem, and the field's name in words.

## error.rs
line = line
column = column
