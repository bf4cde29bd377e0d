include Makefile.patches
