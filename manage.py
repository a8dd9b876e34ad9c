#!/usr/bin/env python
import os
import sys

from django.core.management import execute_from_command_line

from toegang.env import exit_on_configuration_error


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toegang.settings.base")
    exit_on_configuration_error(lambda: execute_from_command_line(sys.argv))


if __name__ == "__main__":
    main()
