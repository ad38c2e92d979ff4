### The command line: `motcua` and its subcommands.

