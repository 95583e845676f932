"""Demo virus scanner plugin: finds the EICAR test file only."""
