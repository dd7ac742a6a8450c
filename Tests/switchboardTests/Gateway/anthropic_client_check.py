#!/usr/bin/env python3
"""Drives `switchboard serve`'s Anthropic Messages endpoint with the official anthropic SDK (pinned in .ci/run).

Usage: anthropic_client_check.py STEP MODEL. The base URL and key come from ANTHROPIC_BASE_URL and
ANTHROPIC_API_KEY. Prints one JSON object for AnthropicSDKTests to check; an SDK exception the step does not
expect ends the script with a traceback (non-zero exit).
"""
import json
import sys

import anthropic

STEP, MODEL = sys.argv[1], sys.argv[2]
client = anthropic.Anthropic(max_retries=0)

TOOLS = [{
    "name": "get_weather",
    "description": "Current weather in a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
}]
ASK = [{"role": "user", "content": "Say something."}]


def usage(u):
    return {
        "input_tokens": u.input_tokens,
        "output_tokens": u.output_tokens,
        "cache_read_input_tokens": u.cache_read_input_tokens,
        "cache_creation_input_tokens": u.cache_creation_input_tokens,
    }


def text(message):
    return "".join(block.text for block in message.content if block.type == "text")


def calls(message):
    return [{"id": b.id, "name": b.name, "input": b.input} for b in message.content if b.type == "tool_use"]


def step_text():
    whole = client.messages.create(model=MODEL, max_tokens=256, system="Be brief.", messages=ASK)
    with client.messages.stream(model=MODEL, max_tokens=256, system=[{"type": "text", "text": "Be brief."}],
                                messages=ASK) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
    return {
        "whole_text": text(whole), "whole_usage": usage(whole.usage), "whole_stop": whole.stop_reason,
        "whole_id": whole.id, "whole_model": whole.model,
        "stream_text": "".join(pieces), "stream_pieces": len(pieces), "stream_usage": usage(final.usage),
        "stream_stop": final.stop_reason,
    }


def step_tool_call():
    ask = [{"role": "user", "content": "Weather in Paris?"}]
    whole = client.messages.create(model=MODEL, max_tokens=256, tools=TOOLS, messages=ask)
    with client.messages.stream(model=MODEL, max_tokens=256, tools=TOOLS, messages=ask) as stream:
        final = stream.get_final_message()
    return {"whole_calls": calls(whole), "whole_stop": whole.stop_reason,
            "stream_calls": calls(final), "stream_stop": final.stop_reason}


def step_tool_result():
    history = [
        {"role": "user", "content": "Weather in Paris?"},
        {"role": "assistant", "content": [
            {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "18C and sunny"}]},
    ]
    whole = client.messages.create(model=MODEL, max_tokens=256, tools=TOOLS, messages=history)
    return {"text": text(whole), "stop": whole.stop_reason}


def step_unknown_model():
    try:
        client.messages.create(model="no-such-model-xyz", max_tokens=16, messages=ASK)
    except anthropic.NotFoundError as error:
        return {"raised": "NotFoundError", "status": error.status_code, "type": error.body["error"]["type"],
                "shape": error.body["type"], "message": error.body["error"]["message"]}
    return {"raised": None}


def step_refused():
    try:
        client.messages.create(model=MODEL, max_tokens=16, messages=ASK)
    except anthropic.APIStatusError as error:
        return {"raised": type(error).__name__, "status": error.status_code, "type": error.body["error"]["type"],
                "message": error.body["error"]["message"]}
    return {"raised": None}


def step_mid_stream_error():
    pieces = []
    try:
        with client.messages.stream(model=MODEL, max_tokens=256, messages=ASK) as stream:
            for piece in stream.text_stream:
                pieces.append(piece)
    except anthropic.APIStatusError as error:
        return {"raised": type(error).__name__, "pieces": len(pieces), "message": str(error)}
    return {"raised": None, "pieces": len(pieces)}


def step_count():
    raw = client.messages.with_raw_response.count_tokens(model=MODEL, system="Be brief.", messages=ASK)
    return {"input_tokens": raw.parse().input_tokens, "estimated": raw.headers.get("x-switchboard-estimated")}


STEPS = {"text": step_text, "tool-call": step_tool_call, "tool-result": step_tool_result,
         "unknown-model": step_unknown_model, "refused": step_refused, "mid-stream-error": step_mid_stream_error, "count": step_count}
print(json.dumps(STEPS[STEP]()))
