#!/usr/bin/env python3
"""ima-fanotify: report the file opens IMA's FILE_CHECK / BPRM_CHECK hooks would see, as JSON lines.

Child of the cca-device daemon inside a NodeManager container (see docs/attestation-design.md).
Python 3.11 standard library only: fanotify_init/fanotify_mark through ctypes.

Output (stdout, one JSON object per line, flushed per line):
  {"type":"ready", "marks":[...], "mask":[...], "pid":N}      once, after every mount is marked
  {"type":"event", "path", "pid", "role", "container", "uid", "euid", "gid", "egid", "fowner", "fgroup",
   "func", "mask": [MAY_*...], "maskSource", "sha256", "fsmagic", "dev", "ino", "size", "mtimeNs"}
                                                                per open (and per hook)
  {"type":"overflow"}                                           the kernel queue overflowed: events were lost
Errors go to stderr as one line "ima-fanotify: <what>: <errno text>" and exit status 2.

What is emulated and how (the kernel's hooks see more than fanotify does):
- FAN_OPEN is reported after open(2) succeeded; the open flags are not in the event. For files that
  pass the pre-filter the mask is taken from the opener's fd flags (/proc/<pid>/fdinfo: O_RDONLY ->
  MAY_READ, O_WRONLY -> MAY_WRITE, O_RDWR -> both, O_APPEND adds MAY_APPEND; "maskSource":"fdinfo").
  When that cannot be known (the opener closed it or exited already, or holds the file open with
  different flags) the open is reported as func=FILE_CHECK mask=MAY_READ ("maskSource":"assumed"),
  so a short-lived write-only open may be measured as a read. O_TRUNC's MAY_WRITE is not visible.
- FAN_OPEN_EXEC (Linux >= 5.0) is an execve/uselib open: reported twice, as FILE_CHECK with MAY_EXEC
  and as BPRM_CHECK with MAY_EXEC, as the kernel calls both hooks for an exec.
- MMAP_CHECK (mmap with PROT_EXEC) has no fanotify event and is not reported.
- uid/euid/gid/egid come from /proc/<pid>/status read after the event; a process that exited already
  is reported with ids null. role (spark-executor, spark-am, spark-submit, yarn-nodemanager, else the program's
  name) comes from /proc/<pid>/cmdline and container from CONTAINER_ID in /proc/<pid>/environ (evidence of who
  opened a file; the kernel's IMA records neither).
- sha256 is computed from the event's own fd (pread from offset 0, so the reader's offset is
  untouched) only for files whose owner uid is in --fowner (or for all with --hash-all, the default
  when no --fowner is given); else it is null. A (dev, ino, mtime, ctime, size) cache stands in for
  the kernel's i_version check, so an unchanged file is hashed once.
- With --only-fowner, opens of files owned by any other uid are not reported at all (the device passes it when
  every measure rule of its policy names an fowner=, so such an open can never be measured).
"""
import argparse
import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import signal
import struct
import sys

FAN_CLOEXEC = 0x00000001
FAN_CLASS_NOTIF = 0x00000000
FAN_UNLIMITED_QUEUE = 0x00000010
FAN_UNLIMITED_MARKS = 0x00000020
FAN_MARK_ADD = 0x00000001
FAN_MARK_MOUNT = 0x00000010
FAN_OPEN = 0x00000020
FAN_OPEN_EXEC = 0x00001000
FAN_Q_OVERFLOW = 0x00004000
FAN_NOFD = -1
FANOTIFY_METADATA_VERSION = 3
METADATA = struct.Struct("=IBBHQii")  # event_len, vers, reserved, metadata_len, mask, fd, pid

# pseudo filesystems never worth marking with --all-mounts
SKIP_FSTYPES = {
    "proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue", "debugfs", "tracefs", "securityfs",
    "pstore", "bpf", "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc", "nsfs", "rpc_pipefs",
}

libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
libc.fanotify_init.argtypes = [ctypes.c_uint, ctypes.c_uint]
libc.fanotify_init.restype = ctypes.c_int
libc.fanotify_mark.argtypes = [ctypes.c_int, ctypes.c_uint, ctypes.c_uint64, ctypes.c_int, ctypes.c_char_p]
libc.fanotify_mark.restype = ctypes.c_int
libc.fstatfs.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fstatfs.restype = ctypes.c_int


def fail(what, err=None):
    text = f"ima-fanotify: {what}"
    if err is not None:
        text += f": {errno.errorcode.get(err, err)} ({os.strerror(err)})"
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
    sys.exit(2)


OUT = sys.stdout


def emit(obj):
    OUT.write(json.dumps(obj, separators=(",", ":")) + "\n")
    OUT.flush()


def connect_out(path, wait_s=60):
    """The event stream as a unix socket's write side: the device listens there (in its own container, sharing only
    this socket's folder with the node), so the node never holds the device's keys."""
    import socket
    import time
    deadline = time.monotonic() + wait_s
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s.makefile("w", encoding="utf-8", buffering=1)
        except OSError as e:
            s.close()
            if time.monotonic() > deadline:
                fail(f"connect({path})", e.errno or errno.ECONNREFUSED)
            time.sleep(0.2)


def mount_points():
    """Mount points of this mount namespace, pseudo filesystems left out."""
    points = []
    with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            left, _, right = line.partition(" - ")
            point = left.split()[4].replace("\\040", " ")
            if right.split()[0] not in SKIP_FSTYPES:
                points.append(point)
    return points


def mark_mounts(fan_fd, paths, want_exec):
    """FAN_MARK_MOUNT each path for FAN_OPEN (+ FAN_OPEN_EXEC when the kernel knows it)."""
    mask = FAN_OPEN | (FAN_OPEN_EXEC if want_exec else 0)
    marked = []
    for p in paths:
        r = libc.fanotify_mark(fan_fd, FAN_MARK_ADD | FAN_MARK_MOUNT, mask, -100, os.fsencode(p))
        if r < 0:
            err = ctypes.get_errno()
            if err == errno.EINVAL and mask & FAN_OPEN_EXEC:
                mask = FAN_OPEN  # kernel < 5.0: no FAN_OPEN_EXEC
                r = libc.fanotify_mark(fan_fd, FAN_MARK_ADD | FAN_MARK_MOUNT, mask, -100, os.fsencode(p))
                err = ctypes.get_errno()
            if r < 0:
                fail(f"fanotify_mark(FAN_MARK_MOUNT, {p})", err)
        marked.append(p)
    return marked, mask


def proc_ids(pid):
    """(uid, euid, gid, egid) of a process, or Nones when it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            uid = gid = None
            for line in f:
                if line.startswith("Uid:"):
                    uid = [int(x) for x in line.split()[1:3]]
                elif line.startswith("Gid:"):
                    gid = [int(x) for x in line.split()[1:3]]
                    break
        if uid and gid:
            return uid[0], uid[1], gid[0], gid[1]
    except OSError:
        pass
    return None, None, None, None


# main classes that name the opener's role (a JVM's comm is only "java")
ROLES = (
    (b"YarnCoarseGrainedExecutorBackend", "spark-executor"),
    (b"CoarseGrainedExecutorBackend", "spark-executor"),
    (b"deploy.yarn.ExecutorLauncher", "spark-am"),
    (b"deploy.yarn.ApplicationMaster", "spark-am"),
    (b"deploy.SparkSubmit", "spark-submit"),
    (b"nodemanager.NodeManager", "yarn-nodemanager"),
)


def proc_opener(pid):
    """(role, container) of the opener: a Spark/YARN role from its command line (else its program's name), and the
    YARN container it runs in (CONTAINER_ID in its environment), or Nones when it is gone."""
    role = container = None
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read()
        role = next((name for marker, name in ROLES if marker in cmd), os.path.basename(cmd.split(b"\0", 1)[0].decode("utf-8", "replace")) or None)
        with open(f"/proc/{pid}/environ", "rb") as f:
            for var in f.read().split(b"\0"):
                if var.startswith(b"CONTAINER_ID="):
                    container = var[len(b"CONTAINER_ID="):].decode("ascii", "replace")
                    break
    except OSError:
        pass
    return role, container


_fsmagic = {}


def fsmagic(fd, dev):
    """statfs f_type of the file's filesystem (first field of struct statfs on Linux), cached per st_dev."""
    if dev not in _fsmagic:
        buf = ctypes.create_string_buffer(256)  # struct statfs is 120 bytes on 64-bit Linux
        _fsmagic[dev] = struct.unpack_from("=q", buf.raw)[0] & 0xFFFFFFFF if libc.fstatfs(fd, buf) == 0 else None
    return _fsmagic[dev]


_digests = {}


def sha256_of(fd, st):
    """SHA-256 of the file read through the event fd from offset 0; cached while mtime/ctime/size hold."""
    key = (st.st_dev, st.st_ino)
    version = (st.st_mtime_ns, st.st_ctime_ns, st.st_size)
    hit = _digests.get(key)
    if hit and hit[0] == version:
        return hit[1]
    h = hashlib.sha256()
    off = 0
    while True:
        chunk = os.pread(fd, 1 << 20, off)
        if not chunk:
            break
        h.update(chunk)
        off += len(chunk)
    digest = h.hexdigest()
    _digests[key] = (version, digest)
    return digest


def open_mask(pid, st):
    """The access mask of the open, from the opener's fd flags (/proc/<pid>/fdinfo), or None when not knowable.

    Best effort: the opener may have closed the file already, or hold it open several ways."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return None
    masks = set()
    for n in fds:
        try:
            s = os.stat(f"/proc/{pid}/fd/{n}")
            if s.st_dev != st.st_dev or s.st_ino != st.st_ino:
                continue
            with open(f"/proc/{pid}/fdinfo/{n}", encoding="ascii") as f:
                flags = next(int(l.split()[1], 8) for l in f if l.startswith("flags:"))
        except (OSError, StopIteration, ValueError):
            continue
        acc = flags & os.O_ACCMODE
        m = (("MAY_READ",) if acc in (os.O_RDONLY, os.O_RDWR) else ()) + (("MAY_WRITE",) if acc in (os.O_WRONLY, os.O_RDWR) else ())
        masks.add(m + (("MAY_APPEND",) if flags & os.O_APPEND else ()))
    return list(masks.pop()) if len(masks) == 1 else None


def handle(fd, mask, pid, args):
    try:
        path = os.readlink(f"/proc/self/fd/{fd}")
        st = os.fstat(fd)
    except OSError:
        return
    if not os.path.stat.S_ISREG(st.st_mode):
        return  # IMA measures regular files only
    if args.only_fowner and st.st_uid not in args.fowner:
        return  # no measure rule can match it (each names an fowner): not worth the /proc reads and the line
    uid, euid, gid, egid = proc_ids(pid)
    role, container = proc_opener(pid)
    digest = None
    access, source = ["MAY_READ"], "assumed"
    if args.hash_all or st.st_uid in args.fowner:
        found = open_mask(pid, st) if mask & FAN_OPEN and not mask & FAN_OPEN_EXEC else None
        if found:
            access, source = found, "fdinfo"
        try:
            digest = sha256_of(fd, st)
        except OSError as e:
            sys.stderr.write(f"ima-fanotify: cannot read {path}: {e}\n")
    base = {
        "type": "event", "path": path, "pid": pid, "role": role, "container": container, "uid": uid, "euid": euid, "gid": gid, "egid": egid,
        "fowner": st.st_uid, "fgroup": st.st_gid, "sha256": digest, "fsmagic": fsmagic(fd, st.st_dev),
        "dev": st.st_dev, "ino": st.st_ino, "size": st.st_size, "mtimeNs": st.st_mtime_ns,
    }
    if mask & FAN_OPEN_EXEC:
        emit({**base, "func": "FILE_CHECK", "mask": ["MAY_EXEC"], "maskSource": "exec"})
        emit({**base, "func": "BPRM_CHECK", "mask": ["MAY_EXEC"], "maskSource": "exec"})
    elif mask & FAN_OPEN:
        emit({**base, "func": "FILE_CHECK", "mask": access, "maskSource": source})


def main():
    ap = argparse.ArgumentParser(
        description="Report file opens as IMA FILE_CHECK/BPRM_CHECK events (JSON lines on stdout). Needs CAP_SYS_ADMIN.",
        epilog="example: ima-fanotify.py --mount / --fowner 1001 --ignore-pid $PPID",
    )
    ap.add_argument("--mount", action="append", default=[], help="a path whose mount is marked (FAN_MARK_MOUNT); repeatable; default /")
    ap.add_argument("--all-mounts", action="store_true", help="mark every mount in /proc/self/mountinfo except pseudo filesystems")
    ap.add_argument("--fowner", action="append", type=int, default=[], help="hash only files owned by this uid; repeatable")
    ap.add_argument("--hash-all", action="store_true", help="hash every opened regular file (the default without --fowner)")
    ap.add_argument("--only-fowner", action="store_true", help="report only opens of files owned by a --fowner uid (when every measure rule names an fowner)")
    ap.add_argument("--ignore-pid", action="append", type=int, default=[], help="drop events of this pid; repeatable (own pid and parent pid are always dropped)")
    ap.add_argument("--no-exec", action="store_true", help="do not ask for FAN_OPEN_EXEC")
    ap.add_argument("--out-socket", help="write the JSON lines to this unix socket (the device's) instead of stdout; waits up to 60 s for it")
    args = ap.parse_args()
    args.fowner = set(args.fowner)
    if not args.fowner:
        if args.only_fowner:
            ap.error("--only-fowner needs at least one --fowner")
        args.hash_all = True
    ignore = {os.getpid(), os.getppid(), *args.ignore_pid}

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if args.out_socket:
        global OUT
        OUT = connect_out(args.out_socket)

    fan_fd = libc.fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_UNLIMITED_QUEUE | FAN_UNLIMITED_MARKS,
                                os.O_RDONLY | os.O_LARGEFILE | os.O_CLOEXEC)
    if fan_fd < 0:
        fail("fanotify_init(FAN_CLASS_NOTIF|FAN_UNLIMITED_QUEUE) (needs CAP_SYS_ADMIN)", ctypes.get_errno())
    paths = mount_points() if args.all_mounts else (args.mount or ["/"])
    marked, mask = mark_mounts(fan_fd, paths, not args.no_exec)
    emit({"type": "ready", "marks": marked, "mask": ["FAN_OPEN"] + (["FAN_OPEN_EXEC"] if mask & FAN_OPEN_EXEC else []), "pid": os.getpid()})

    while True:
        try:
            buf = os.read(fan_fd, 64 * 1024)
        except InterruptedError:
            continue
        off = 0
        while off + METADATA.size <= len(buf):
            event_len, vers, _, _, ev_mask, fd, pid = METADATA.unpack_from(buf, off)
            if vers != FANOTIFY_METADATA_VERSION:
                fail(f"fanotify metadata version {vers}, expected {FANOTIFY_METADATA_VERSION}")
            off += event_len
            if ev_mask & FAN_Q_OVERFLOW:
                emit({"type": "overflow"})
            if fd == FAN_NOFD or fd < 0:
                continue
            try:
                if pid not in ignore:
                    handle(fd, ev_mask, pid, args)
            finally:
                os.close(fd)


if __name__ == "__main__":
    main()
