#!/usr/bin/env python3
"""Drives `switchboard serve`'s Responses endpoint with the official openai SDK (pinned in .ci/run), as Codex CLI
and plain SDK calls use it.

Usage: responses_client_check.py STEP MODEL. The base URL and key come from OPENAI_BASE_URL and OPENAI_API_KEY.
Prints one JSON object for ResponsesSDKTests to check; an unexpected SDK exception ends the script non-zero.
"""
import json
import sys

import openai

STEP, MODEL = sys.argv[1], sys.argv[2]
client = openai.OpenAI(max_retries=0)

SHELL = {
    "type": "function", "name": "shell", "description": "Runs a command and returns its output", "strict": False,
    "parameters": {"type": "object", "properties": {"command": {"type": "array", "items": {"type": "string"}}},
                   "required": ["command"], "additionalProperties": False},
}
# Codex's freeform patch tool (a `custom` tool with a Lark grammar).
APPLY_PATCH = {
    "type": "custom", "name": "apply_patch", "description": "Use the apply_patch tool to edit files.",
    "format": {"type": "grammar", "syntax": "lark",
               "definition": "start: begin_patch hunk+ end_patch\nbegin_patch: \"*** Begin Patch\" LF\n"},
}
# What Codex CLI sends: instructions, a developer message, the user's message, store off, streaming.
CODEX = {
    "instructions": "You are Codex, a coding agent.",
    "input": [
        {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "<env>cwd=/repo</env>"}]},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "list the files"}]},
    ],
    "tools": [SHELL, APPLY_PATCH], "tool_choice": "auto", "parallel_tool_calls": False, "store": False,
    "reasoning": {"effort": "medium", "summary": "auto"}, "include": ["reasoning.encrypted_content"],
    "prompt_cache_key": "session-1",
}


def usage(u):
    return {"input_tokens": u.input_tokens, "output_tokens": u.output_tokens, "total_tokens": u.total_tokens,
            "cached_tokens": u.input_tokens_details.cached_tokens}


def collect(events):
    """Event types in order, the text deltas joined, the done items, and the terminal response."""
    types, deltas, done, final = [], [], [], None
    for event in events:
        types.append(event.type)
        if event.type == "response.output_text.delta":
            deltas.append(event.delta)
        elif event.type == "response.output_item.done":
            done.append(event.item.to_dict())
        elif event.type in ("response.completed", "response.incomplete", "response.failed"):
            final = event.response
    return types, deltas, done, final


def step_text():
    whole = client.responses.create(model=MODEL, instructions="Be brief.", input="Say something.")
    types, deltas, _, final = collect(client.responses.create(model=MODEL, instructions="Be brief.",
                                                              input="Say something.", stream=True))
    return {"whole_text": whole.output_text, "whole_status": whole.status, "whole_usage": usage(whole.usage),
            "whole_id": whole.id, "stream_types": types, "stream_text": "".join(deltas), "stream_pieces": len(deltas),
            "stream_final_text": final.output_text, "stream_usage": usage(final.usage), "stream_status": final.status}


def step_codex():
    types, _, done, final = collect(client.responses.create(model=MODEL, stream=True, **CODEX))
    whole = client.responses.create(model=MODEL, **CODEX)
    calls = lambda items: [{"call_id": i["call_id"], "name": i["name"], "arguments": i["arguments"]}
                           for i in items if i["type"] == "function_call"]
    return {"stream_types": types, "stream_calls": calls(done), "final_calls": calls([i.to_dict() for i in final.output]),
            "whole_calls": calls([i.to_dict() for i in whole.output]), "status": final.status}


def step_codex_patch():
    _, _, done, final = collect(client.responses.create(model=MODEL, stream=True, **CODEX))
    whole = client.responses.create(model=MODEL, **CODEX)
    patches = lambda items: [{"call_id": i["call_id"], "name": i["name"], "input": i["input"]}
                             for i in items if i["type"] == "custom_tool_call"]
    return {"stream_patches": patches(done), "final_patches": patches([i.to_dict() for i in final.output]),
            "whole_patches": patches([i.to_dict() for i in whole.output])}


def step_tool_result():
    items = CODEX["input"] + [
        {"type": "function_call", "call_id": "call_1", "name": "shell", "arguments": "{\"command\":[\"ls\"]}"},
        {"type": "function_call_output", "call_id": "call_1", "output": "a.txt\nb.txt"},
    ]
    whole = client.responses.create(model=MODEL, **dict(CODEX, input=items))
    return {"text": whole.output_text, "status": whole.status}


def step_unknown_model():
    try:
        client.responses.create(model="no-such-model-xyz", input="hi")
    except openai.NotFoundError as error:
        return {"raised": "NotFoundError", "status": error.status_code, "message": error.message}
    return {"raised": None}


STEPS = {"text": step_text, "codex": step_codex, "codex-patch": step_codex_patch, "tool-result": step_tool_result, "unknown-model": step_unknown_model}
print(json.dumps(STEPS[STEP]()))
