// Placeholder: the web shell lands with issue 4.
process.stderr.write('The web shell is not built yet.\n');
process.exitCode = 1;
