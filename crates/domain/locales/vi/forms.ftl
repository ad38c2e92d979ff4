### The printed forms (PDF).

