"""The frozen program's one entry point: the desktop app, the `trm` command, and the interpreter for
the app's own child processes.

- Started as trm-app (or anything but trm): the desktop app, trm_app.main.
- Started as trm (trm.exe; on Linux a symbolic link to trm-app): the command line, training.cli.
- `PROGRAM -m MODULE ARGS`: the training wizard starts its training process as
  `sys.executable -m training.run_process RUN_DIR ...` (training/run_process.py); in a frozen
  program sys.executable is this program, so it runs the module as `python -m` would. Only the
  modules in RUNNABLE: the frozen program is no general Python interpreter.
"""
import os
import sys
from multiprocessing import freeze_support

RUNNABLE = ("training.run_process", "trm_frozen_check")


def _run_module(name: str, args: list) -> int:
    import runpy

    if os.environ.get("PYTHONUNBUFFERED"):
        # A frozen interpreter ignores PYTHON* variables; honour the one run_process.launch sets, so
        # that the child's log fills as it goes.
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.reconfigure(line_buffering=True, write_through=True)
    sys.argv = [sys.argv[0], *args]
    try:
        runpy.run_module(name, run_name="__main__", alter_sys=True)
    except SystemExit as e:
        code = e.code
        if code is None or isinstance(code, int):
            return code or 0
        print(code, file=sys.stderr)
        return 1
    return 0


def main() -> int:
    freeze_support()
    argv = sys.argv
    if len(argv) >= 3 and argv[1] == "-m":
        if argv[2] not in RUNNABLE:
            print(f"{os.path.basename(argv[0])}: -m runs only {', '.join(RUNNABLE)}, not {argv[2]}",
                  file=sys.stderr)
            return 2
        return _run_module(argv[2], argv[3:])
    name = os.path.basename(argv[0]).lower()
    if name.endswith(".exe"):
        name = name[:-4]
    if name == "trm":
        from training.cli import main as cli_main

        return cli_main()
    from trm_app.main import main as app_main

    return app_main()


if __name__ == "__main__":
    sys.exit(main())
