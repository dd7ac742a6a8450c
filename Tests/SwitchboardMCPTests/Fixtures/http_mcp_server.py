#!/usr/bin/env python3
"""A streamable HTTP MCP server for Switchboard's tests, on the `mcp` package (pinned in .ci/run): one tool,
shout(text). Usage: http_mcp_server.py PORT; it serves http://127.0.0.1:PORT/mcp."""
import sys

from mcp.server.mcpserver import MCPServer

server = MCPServer("switchboard-http-test")


@server.tool()
def shout(text: str) -> str:
    """Upper-cases its text."""
    return text.upper()


if __name__ == "__main__":
    server.run(transport="streamable-http", host="127.0.0.1", port=int(sys.argv[1]))
