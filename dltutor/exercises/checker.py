"""The checker process: torch imported once, then every check of learner code in a forked child with limits.

`python -m dltutor.exercises.checker` reads one JSON request per line on stdin and answers one
JSON result per line on stdout (dltutor.exercises.runner is the other end). The first line it
writes says it is ready. Learner code never runs in dltutor's own process, nor in this one:

- each check forks a child (copy-on-write, so torch is already imported: a few ms), which loads
  the learner's file fresh from the source text it was sent (no bytecode cache), runs the
  exercise's check and writes the result to a pipe;
- the child's limits: wall-clock time (the server kills it, and its process group, at the
  deadline), CPU time (RLIMIT_CPU), memory (RLIMIT_AS: the checker's own address space plus
  `memory_limit`), no core files, stdin from /dev/null, stdout and stderr captured to a file;
- no network: on Linux a network namespace of its own (unshare, when the kernel allows it:
  as root, or where unprivileged user namespaces are enabled), and everywhere an audit hook
  that refuses Python's socket calls (connect, bind, name lookups);
- an infinite loop, a crash (a signal), `sys.exit` and `os._exit` end the child, not the
  server, and are reported as such, with the learner call that was running.

Where `os.fork` does not exist (Windows) the server runs one check in itself and exits, so each
check pays for a fresh torch import; time is limited there by the client, memory not at all.
"""

from __future__ import annotations

import json
import linecache
import math
import os
import signal
import sys
import tempfile
import time
import traceback
import types
from typing import Any

OUTPUT_LIMIT = 2000  # characters of what the learner's code printed, shown with the result
CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
_NETWORK_EVENTS = frozenset({
    "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo",
})


# --- inside the child: load the learner's file and run the check ---
def _learner_frames(exc: BaseException, path: str, shown: str) -> list[str]:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == path]
    lines = []
    for f in frames[-5:]:
        lines.append(f'  File "{shown}", line {f.lineno}, in {f.name}')
        if f.line:
            lines.append(f"    {f.line.strip()}")
    return lines


def _exception_line(exc: BaseException, path: str, shown: str) -> str:
    text = "".join(traceback.format_exception_only(type(exc), exc)).rstrip()
    return text.replace(f'File "{path}"', f'File "{shown}"')


def _memory_error(exc: BaseException) -> bool:
    if isinstance(exc, MemoryError):
        return True
    text = str(exc)
    return isinstance(exc, RuntimeError) and ("can't allocate memory" in text or "not enough memory" in text)


def classify(exc: BaseException, path: str, shown: str, functions: tuple[str, ...]) -> dict[str, Any]:
    """What an exception out of the learner's module or the check means, as a result."""
    from dltutor.exercises.checking import Failed, state

    if isinstance(exc, BaseExceptionGroup) and exc.exceptions:  # hypothesis may group what it met
        return classify(exc.exceptions[0], path, shown, functions)
    if isinstance(exc, Failed):
        return {"passed": False, **exc.data}
    frames = _learner_frames(exc, path, shown)
    base = {"passed": False, "call": state.call, "traceback": "\n".join(frames + [_exception_line(exc, path, shown)])}
    if isinstance(exc, SystemExit):
        return {**base, "kind": "exit", "detail": f"sys.exit({exc.code!r})" if exc.code is not None else "sys.exit()"}
    if _memory_error(exc):
        return {**base, "kind": "memory", "detail": _exception_line(exc, path, shown).splitlines()[-1][:200]}
    if isinstance(exc, NotImplementedError) and frames:
        name = next((f.split(" in ")[-1] for f in reversed(frames) if f.startswith("  File")), functions[0])
        return {**base, "kind": "todo", "detail": name, "traceback": None}
    if not frames:
        # Raised in dltutor's check, not in the learner's code: a bug of ours, said without our frames.
        return {"passed": False, "kind": "internal", "call": state.call,
                "detail": _exception_line(exc, path, shown).splitlines()[-1][:300]}
    return {**base, "kind": "exception"}


def run_check(exercise: str, path: str, source: str) -> dict[str, Any]:
    """Load the learner's module from `source` and run the exercise's check on it; the result."""
    import importlib

    from dltutor.exercises import checking
    from dltutor.exercises.registry import find_exercise

    info = find_exercise(exercise)
    if info is None:
        return {"passed": False, "kind": "internal", "detail": f"no exercise named {exercise!r}"}
    check = importlib.import_module(info.check_module)
    shown = os.path.basename(path)
    checking.state.call = checking.state.oracle = None
    checking.state.calls = 0
    linecache.cache[path] = (len(source), None, source.splitlines(True), path)
    module = types.ModuleType("exercise")
    module.__file__ = path
    sys.modules["exercise"] = module
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return {"passed": False, "kind": "syntax", "traceback": _exception_line(exc, path, shown)}
    except ValueError as exc:  # source with a null byte
        return {"passed": False, "kind": "syntax", "traceback": f"{type(exc).__name__}: {exc}"}
    try:
        exec(code, module.__dict__)
    except BaseException as exc:  # noqa: BLE001  (the learner's module may raise anything, SystemExit too)
        result = classify(exc, path, shown, info.functions)
        if result["kind"] in ("exception", "todo"):
            result = {**result, "kind": "import", "traceback": result.get("traceback")
                      or "\n".join(_learner_frames(exc, path, shown) + [_exception_line(exc, path, shown)])}
        return result
    missing = [f for f in info.functions if not callable(getattr(module, f, None))]
    if missing:
        return {"passed": False, "kind": "missing", "detail": ", ".join(missing)}
    try:
        check.check(module)
    except BaseException as exc:  # noqa: BLE001
        return {**classify(exc, path, shown, info.functions), "calls": checking.state.calls}
    return {"passed": True, "calls": checking.state.calls}


def _block_network(event: str, args: tuple) -> None:
    if event in _NETWORK_EVENTS:
        raise PermissionError("the checks run without network access")


def _isolate_network() -> str:
    """A network namespace of the child's own where Linux allows it; 'namespace' or 'python'."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
            if libc.unshare(flags) == 0:
                return "namespace"
    return "python"


def _limit(time_limit: float, memory_limit: int) -> None:
    import resource

    cpu = math.ceil(time_limit) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    try:
        with open("/proc/self/statm") as f:
            mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (mapped + memory_limit, mapped + memory_limit))
    except (OSError, ValueError):  # no /proc (macOS): RLIMIT_AS is not enforced there anyway
        pass


def _child(req: dict[str, Any], out_fd: int, result_fd: int, call_buf: Any) -> None:
    """The forked child: limits, no network, redirected output; never returns."""
    code = 0
    try:
        os.setpgid(0, 0)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out_fd, 1)
        os.dup2(out_fd, 2)
        _isolate_network()
        sys.addaudithook(_block_network)
        _limit(req["time_limit"], req["memory_limit"])
        from dltutor.exercises import checking

        def remember(call: str) -> None:
            data = call.encode("utf-8", "replace")[:1023]
            call_buf[:len(data) + 1] = data + b"\0"

        checking.state.on_call = remember
        workspace = os.path.dirname(req["path"])
        sys.path.insert(0, workspace)
        sys.dont_write_bytecode = True
        try:
            os.chdir(workspace)
        except OSError:
            pass
        result = run_check(req["exercise"], req["path"], req["source"])
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:  # noqa: BLE001  (the learner may have closed or replaced them)
            pass
        payload = json.dumps(result).encode()
        while payload:
            payload = payload[os.write(result_fd, payload):]
    except BaseException:  # noqa: BLE001
        code = 70
    finally:
        os._exit(code)


def _signal_name(sig: int) -> str:
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"signal {sig}"


def sandboxed(req: dict[str, Any]) -> dict[str, Any]:
    """Run one check in a forked child; the result, whatever the learner's code did."""
    import mmap
    import select

    started = time.monotonic()
    limit = float(req["time_limit"])
    call_buf = mmap.mmap(-1, 1024)
    with tempfile.TemporaryFile() as out:
        read_fd, write_fd = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(req, out.fileno(), write_fd, call_buf)
        os.close(write_fd)
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass
        chunks, timed_out = [], False
        deadline = started + limit
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    timed_out = True
                    break
                ready, _, _ = select.select([read_fd], [], [], left)
                if ready:
                    data = os.read(read_fd, 1 << 16)
                    if not data:
                        break
                    chunks.append(data)
        finally:
            os.close(read_fd)
        if timed_out:
            _kill_group(pid)
        _, status = os.waitpid(pid, 0)
        _kill_group(pid)  # anything the learner's code started and left running
        out.seek(0)
        printed = out.read(OUTPUT_LIMIT * 4).decode("utf-8", "replace")
    seconds = time.monotonic() - started
    call = bytes(call_buf[:call_buf.find(b"\0")]).decode("utf-8", "replace") or None
    call_buf.close()
    result: dict[str, Any]
    if timed_out:
        result = {"passed": False, "kind": "timeout", "detail": f"{limit:g} s", "call": call}
    elif chunks:
        try:
            result = json.loads(b"".join(chunks))
        except ValueError:
            result = {"passed": False, "kind": "crash", "detail": "its result was cut short", "call": call}
    elif os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU:
            result = {"passed": False, "kind": "timeout", "detail": f"{math.ceil(limit) + 1} s of CPU time", "call": call}
        else:
            result = {"passed": False, "kind": "crash", "detail": _signal_name(sig), "call": call}
    else:
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
        result = {"passed": False, "kind": "exit", "detail": f"the process ended with status {code} "
                  "before the checks finished (os._exit?)", "call": call}
    if len(printed) > OUTPUT_LIMIT:
        printed = printed[:OUTPUT_LIMIT] + "\n…"
    return {**result, "output": printed, "seconds": round(seconds, 4)}


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def in_process(req: dict[str, Any]) -> dict[str, Any]:
    """Without fork: the check runs in this process, which exits after answering."""
    started = time.monotonic()
    result = run_check(req["exercise"], req["path"], req["source"])
    return {**result, "output": "", "seconds": round(time.monotonic() - started, 4)}


def warm(exercise: str) -> None:
    """Run an exercise's check once on its reference solution in this process, before forking:
    hypothesis builds its strategies and torch its kernels once, and every child inherits them."""
    from dltutor.exercises.registry import find_exercise

    info = find_exercise(exercise)
    if info is not None:
        run_check(info.name, str(info.folder / "solution.py"), info.source("solution"))


def main() -> None:
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # a stray print (a library's warning) must not land in the protocol
    import dltutor.demos.backend  # noqa: F401  (imports torch with the collector paused, then freezes)
    import torch

    torch.set_num_threads(1)  # small tensors, two cores shared; and no thread pool to fork
    import importlib

    from dltutor.exercises import checking  # noqa: F401  (hypothesis)
    from dltutor.exercises.registry import EXERCISES

    for info in EXERCISES:
        importlib.import_module(info.check_module)
    fork = hasattr(os, "fork") and os.environ.get("DLTUTOR_CHECKER_FORK", "1") != "0"
    protocol.write(json.dumps({"ready": True, "torch": torch.__version__, "fork": fork}) + "\n")
    warmed: set[str] = set()
    for line in sys.stdin:
        try:
            req = json.loads(line)
        except ValueError:
            continue
        if not fork:
            protocol.write(json.dumps(in_process(req)) + "\n")
            return
        if req.get("exercise") not in warmed:
            warmed.add(req.get("exercise"))
            try:
                warm(req["exercise"])
            except Exception:  # noqa: BLE001  (a warm-up is an optimisation; the check itself will tell)
                pass
            import gc

            gc.freeze()  # what the warm-up built stays out of the collector: fewer pages copied per fork
        protocol.write(json.dumps(sandboxed(req)) + "\n")


if __name__ == "__main__":
    main()
