"""minivm's _socket: enough of Modules/socketmodule.c to import socket and asyncio.
Program text run by minivm; the constants (AF_*, SOCK_*, ...) are the host's, set in
the module by minivm/modules/_socket.py once this text has run.

minivm programs have no network: a socket object can be made and closed, but every
operation on it, and name resolution, raise OSError(ENOSYS)."""

import errno as _errno

error = OSError
has_ipv6 = True


class herror(OSError):
    pass


class gaierror(OSError):
    pass


herror.__module__ = gaierror.__module__ = "socket"
timeout = TimeoutError


class _own_timeout(OSError):
    """socket.timeout before 3.10 (minivm/modules/_socket.py installs it there)."""


_own_timeout.__name__ = _own_timeout.__qualname__ = "timeout"
_own_timeout.__module__ = "socket"
_default_timeout = [None]


def _unsupported(*args, **kwargs):
    raise OSError(_errno.ENOSYS, "minivm has no sockets")


class socket:
    """A socket object that is never connected (see the module docstring)."""

    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        self.family = 2 if family == -1 else family
        self.type = 1 if type == -1 else type
        self.proto = 0 if proto == -1 else proto
        self._fd = -1
        self._timeout = _default_timeout[0]
        if fileno is not None:
            _unsupported()

    def fileno(self):
        return self._fd

    def close(self):
        self._fd = -1

    def detach(self):
        fd, self._fd = self._fd, -1
        return fd

    def gettimeout(self):
        return self._timeout

    def settimeout(self, value):
        if value is not None and value < 0:
            raise ValueError("Timeout value out of range")
        self._timeout = None if value is None else float(value)

    def setblocking(self, flag):
        self._timeout = None if flag else 0.0

    def getblocking(self):
        return self._timeout != 0.0

    bind = listen = accept = _accept = connect = connect_ex = _unsupported
    send = sendall = sendto = recv = recvfrom = recv_into = recvfrom_into = _unsupported
    getsockname = getpeername = setsockopt = getsockopt = shutdown = _unsupported

    def __repr__(self):
        return "<socket object, fd=%d, family=%d, type=%d, proto=%d>" % (
            self._fd, self.family, self.type, self.proto)


SocketType = socket


def getdefaulttimeout():
    return _default_timeout[0]


def setdefaulttimeout(timeout):
    if timeout is not None and timeout < 0:
        raise ValueError("Timeout value out of range")
    _default_timeout[0] = None if timeout is None else float(timeout)


def gethostname():
    return "localhost"


def dup(fd):
    _unsupported()


def close(fd):
    _unsupported()


getaddrinfo = getnameinfo = gethostbyname = gethostbyname_ex = gethostbyaddr = _unsupported
socketpair = getservbyname = getservbyport = getprotobyname = _unsupported
inet_aton = inet_ntoa = inet_pton = inet_ntop = _unsupported


def htons(x):
    return ((x & 0xff) << 8) | ((x >> 8) & 0xff)


ntohs = htons


def htonl(x):
    return int.from_bytes(x.to_bytes(4, "little"), "big")


ntohl = htonl
