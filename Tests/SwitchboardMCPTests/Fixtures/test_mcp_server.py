#!/usr/bin/env python3
"""A small stdio MCP server for Switchboard's tests: newline-delimited JSON-RPC 2.0, standard library only.

Tools: echo(text), add(a, b), fail() (answers isError), crash() (writes to stderr and exits mid-call),
slow(seconds). Set TEST_MCP_FAIL_START=1 to exit before answering initialize; TEST_MCP_GREETING is echoed
by echo() as a prefix (to check that `env` reaches the server).
"""
import json
import os
import sys
import time

TOOLS = [
    {"name": "echo", "description": "Returns its text.",
     "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}},
    {"name": "add", "description": "Adds two integers.",
     "inputSchema": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                     "required": ["a", "b"]}},
    {"name": "fail", "description": "Always reports an error.", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "crash", "description": "Exits in the middle of the call.", "inputSchema": {"type": "object", "properties": {}}},
    {"name": "slow", "description": "Waits, then answers.",
     "inputSchema": {"type": "object", "properties": {"seconds": {"type": "number"}}}},
]


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def result(request_id, value):
    send({"jsonrpc": "2.0", "id": request_id, "result": value})


def text(value, is_error=False):
    return {"content": [{"type": "text", "text": value}], "isError": is_error}


def call(name, arguments):
    if name == "echo":
        return text(os.environ.get("TEST_MCP_GREETING", "") + str(arguments.get("text", "")))
    if name == "add":
        return text(str(arguments["a"] + arguments["b"]))
    if name == "fail":
        return text("this tool always fails", is_error=True)
    if name == "crash":
        sys.stderr.write("test server: crashing on purpose\n")
        sys.stderr.flush()
        os._exit(3)
    if name == "slow":
        time.sleep(float(arguments.get("seconds", 1)))
        return text("slept")
    return None


def main():
    if os.environ.get("TEST_MCP_FAIL_START") == "1":
        sys.stderr.write("test server: refusing to start\n")
        sys.exit(2)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        message = json.loads(line)
        method, request_id = message.get("method"), message.get("id")
        if request_id is None:
            continue  # a notification
        if method == "initialize":
            result(request_id, {"protocolVersion": message["params"]["protocolVersion"],
                                "capabilities": {"tools": {}},
                                "serverInfo": {"name": "switchboard-test-server", "version": "1"}})
        elif method == "tools/list":
            result(request_id, {"tools": TOOLS})
        elif method == "tools/call":
            params = message.get("params", {})
            answer = call(params.get("name"), params.get("arguments") or {})
            if answer is None:
                send({"jsonrpc": "2.0", "id": request_id,
                      "error": {"code": -32602, "message": "unknown tool " + str(params.get("name"))}})
            else:
                result(request_id, answer)
        elif method == "ping":
            result(request_id, {})
        else:
            send({"jsonrpc": "2.0", "id": request_id, "error": {"code": -32601, "message": "no method " + str(method)}})


if __name__ == "__main__":
    main()
