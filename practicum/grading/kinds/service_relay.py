"""Runs inside a service-grading sandbox: starts the candidate's start script, then carries bytes
between the grader and the candidate's service.

    argv: <listen fd> <port> <start script> <delivery folder>

The sandbox has a network namespace of its own (nothing but `lo`), so the grader outside cannot
reach 127.0.0.1:<port> there. It hands this process a listening Unix socket instead; every
connection the grader makes is joined to a fresh TCP connection to the service. This process only
moves bytes: the grader times every request and judges every answer itself, so a candidate who
kills or replaces it gains nothing their own service could not do.
Standard library only: it runs with the lab environment's interpreter in isolated mode.
"""

import asyncio
import os
import shutil
import socket
import subprocess
import sys


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while chunk := await reader.read(65536):
            writer.write(chunk)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        pass


async def _join(port: int, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
    try:
        service_r, service_w = await asyncio.open_connection("127.0.0.1", port)
    except OSError:  # nothing listening (yet): the grader sees the connection closed without an answer
        client_w.close()
        return
    try:
        await asyncio.gather(_pump(client_r, service_w), _pump(service_r, client_w))
    finally:
        for w in (service_w, client_w):
            w.close()


async def _serve(listen_fd: int, port: int) -> None:
    sock = socket.socket(fileno=listen_fd)
    server = await asyncio.start_unix_server(lambda r, w: _join(port, r, w), sock=sock)
    async with server:
        await server.serve_forever()


def main() -> None:
    listen_fd, port, start, folder = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    # The delivery (read-only) becomes the home folder, as in the lab: a service that writes logs
    # or caches next to itself works, within the home's in-memory size cap.
    try:
        shutil.copytree(os.environ["PRACTICUM_DELIVERY"], os.environ["HOME"], symlinks=True, dirs_exist_ok=True)
    except (OSError, shutil.Error) as exc:
        print(f"practicum: copying the delivery failed: {exc}"[:500], file=sys.stderr, flush=True)
    # The start script's own process group, with the relay's socket closed in it.
    subprocess.Popen(["/bin/bash", start], cwd=folder, stdin=subprocess.DEVNULL, pass_fds=(),
                     env={**os.environ, "PORT": str(port)})
    # One write, so that the script's own output cannot land inside this line.
    os.write(2, f"practicum: started bash {start} in {folder} with PORT={port}\n".encode())
    asyncio.run(_serve(listen_fd, port))


if __name__ == "__main__":
    main()
