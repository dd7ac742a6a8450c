#!/usr/bin/env python3
"""A stdio MCP server that outlives its client's stdin (some servers do): at EOF it keeps running, so only an
explicit stop ends it. Standard library only.

It writes its pid to $STUBBORN_PID_FILE once it has started and the word `terminated` to $STUBBORN_TERM_FILE when
SIGTERM arrives (then exits). One tool, `ping`, answers `pong`.
"""
import json
import os
import signal
import sys
import time


def terminated(_signum, _frame):
    with open(os.environ["STUBBORN_TERM_FILE"], "w") as handle:
        handle.write("terminated")
    os._exit(0)


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main():
    signal.signal(signal.SIGTERM, terminated)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    with open(os.environ["STUBBORN_PID_FILE"], "w") as handle:
        handle.write(str(os.getpid()))
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        message = json.loads(line)
        method, request_id = message.get("method"), message.get("id")
        if request_id is None:
            continue
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": request_id, "result": {
                "protocolVersion": message["params"]["protocolVersion"], "capabilities": {"tools": {}},
                "serverInfo": {"name": "stubborn", "version": "1"}}})
        elif method == "tools/list":
            send({"jsonrpc": "2.0", "id": request_id, "result": {"tools": [
                {"name": "ping", "description": "Answers pong.", "inputSchema": {"type": "object", "properties": {}}}]}})
        elif method == "tools/call":
            send({"jsonrpc": "2.0", "id": request_id,
                  "result": {"content": [{"type": "text", "text": "pong"}], "isError": False}})
        else:
            send({"jsonrpc": "2.0", "id": request_id, "result": {}})
    # stdin closed: a well-behaved server would exit here; this one waits to be stopped.
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main()
