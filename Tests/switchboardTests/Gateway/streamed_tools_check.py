#!/usr/bin/env python3
"""Streams tool calls and thinking through `switchboard serve` with the official openai and anthropic SDKs.

Usage: streamed_tools_check.py STEP MODEL, with OPENAI_BASE_URL (serve's /v1), ANTHROPIC_BASE_URL (serve's root)
and dummy keys set. Prints one JSON object for StreamedToolCallsSDKTests: what the SDK's own stream helpers
accumulated (the final message or completion) and how many pieces each call's arguments arrived in.
"""
import json
import sys

import anthropic
import openai

STEP, MODEL = sys.argv[1], sys.argv[2]

CHAT_TOOLS = [{"type": "function", "function": {
    "name": name, "description": name,
    "parameters": {"type": "object", "properties": {field: {"type": "string"}}}}}
    for name, field in (("get_weather", "city"), ("get_time", "zone"))]
MESSAGES_TOOLS = [{"name": t["function"]["name"], "description": t["function"]["description"],
                   "input_schema": t["function"]["parameters"]} for t in CHAT_TOOLS]
RESPONSES_TOOLS = [{"type": "function", "name": t["function"]["name"], "description": t["function"]["description"],
                    "parameters": t["function"]["parameters"]} for t in CHAT_TOOLS]
ASK = [{"role": "user", "content": "Weather and time in Paris?"}]


def step_chat():
    client = openai.OpenAI(max_retries=0, timeout=30)
    pieces = {}
    with client.chat.completions.stream(model=MODEL, messages=ASK, tools=CHAT_TOOLS) as stream:
        for event in stream:
            # The call's opening delta (empty arguments) counts as no piece.
            if event.type == "tool_calls.function.arguments.delta" and event.arguments_delta:
                pieces[event.index] = pieces.get(event.index, 0) + 1
        final = stream.get_final_completion()
    choice = final.choices[0]
    whole = client.chat.completions.create(model=MODEL, messages=ASK, tools=CHAT_TOOLS).choices[0]
    return {
        "calls": [{"id": c.id, "name": c.function.name, "arguments": c.function.arguments}
                  for c in choice.message.tool_calls or []],
        "whole_calls": [{"id": c.id, "name": c.function.name, "arguments": c.function.arguments}
                        for c in whole.message.tool_calls or []],
        "pieces": {str(k): v for k, v in pieces.items()},
        "finish": choice.finish_reason, "whole_finish": whole.finish_reason,
    }


def block(b):
    if b.type == "tool_use":
        return {"type": b.type, "id": b.id, "name": b.name, "input": b.input}
    if b.type == "thinking":
        return {"type": b.type, "thinking": b.thinking, "signature": getattr(b, "signature", None)}
    if b.type == "redacted_thinking":
        return {"type": b.type, "data": b.data}
    return {"type": b.type, "text": b.text}


def step_messages():
    client = anthropic.Anthropic(max_retries=0)
    pieces, signatures = {}, 0
    kwargs = dict(model=MODEL, max_tokens=512, tools=MESSAGES_TOOLS, messages=ASK)
    if MODEL.startswith("anthropic/"):
        kwargs["thinking"] = {"type": "enabled", "budget_tokens": 256}
    with client.messages.stream(**kwargs) as stream:
        for event in stream:
            if event.type == "content_block_delta" and event.delta.type == "input_json_delta":
                pieces[str(event.index)] = pieces.get(str(event.index), 0) + 1
            if event.type == "signature":
                signatures += 1
        final = stream.get_final_message()
    whole = client.messages.create(**kwargs)
    return {"content": [block(b) for b in final.content], "whole_content": [block(b) for b in whole.content],
            "pieces": pieces, "signature_events": signatures, "stop": final.stop_reason, "whole_stop": whole.stop_reason}


def step_responses():
    client = openai.OpenAI(max_retries=0, timeout=30)
    pieces, completed = {}, None
    for event in client.responses.create(model=MODEL, input="Weather and time in Paris?", tools=RESPONSES_TOOLS,
                                         stream=True):
        if event.type == "response.function_call_arguments.delta":
            pieces[event.item_id] = pieces.get(event.item_id, "") + event.delta
        if event.type == "response.completed":
            completed = event.response
    calls = [{"id": i.id, "call_id": i.call_id, "name": i.name, "arguments": i.arguments}
             for i in completed.output if i.type == "function_call"]
    return {"calls": calls, "streamed": pieces}


STEPS = {"chat": step_chat, "messages": step_messages, "responses": step_responses}
print(json.dumps(STEPS[STEP]()))
