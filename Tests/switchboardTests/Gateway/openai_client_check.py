"""Drives `switchboard serve` with the official openai SDK, as a real client would.

Run by GatewayOpenAISDKTests with OPENAI_BASE_URL pointing at serve's /v1 and these set:
  GATEWAY_MODEL           a model that answers GATEWAY_EXPECTED_TEXT
  GATEWAY_TOOLS_MODEL     a model that answers with a get_weather tool call
Prints one line per check; exits non-zero (with the reason) at the first that fails.
"""
import os
import sys

import openai

MODEL = os.environ["GATEWAY_MODEL"]
TOOLS_MODEL = os.environ["GATEWAY_TOOLS_MODEL"]
EXPECTED = os.environ["GATEWAY_EXPECTED_TEXT"]
TOOLS = [{
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city now",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}]
client = openai.OpenAI(max_retries=0, timeout=30)


def check(condition, message):
    if not condition:
        print("FAILED: " + message)
        sys.exit(1)


def cost_of(usage):
    extra = usage.model_extra or {}
    return extra.get("cost")


# Not streamed: text, usage, cost, and the gateway's headers.
raw = client.chat.completions.with_raw_response.create(
    model=MODEL, messages=[{"role": "user", "content": "say something"}])
completion = raw.parse()
check(completion.choices[0].message.content == EXPECTED, "text: %r" % completion.choices[0].message.content)
check(completion.choices[0].finish_reason == "stop", "finish_reason: %r" % completion.choices[0].finish_reason)
check(completion.usage.completion_tokens > 0, "usage: %r" % completion.usage)
check(cost_of(completion.usage) is not None and cost_of(completion.usage) > 0, "cost: %r" % completion.usage)
check(raw.headers.get("x-switchboard-provider") == "openai", "headers: %r" % dict(raw.headers))
check(raw.headers.get("x-switchboard-request-id"), "no request id")
print("ok non-streamed")

# Streamed with include_usage: the pieces join to the answer, usage arrives last.
stream = client.chat.completions.create(
    model=MODEL, messages=[{"role": "user", "content": "say something"}], stream=True,
    stream_options={"include_usage": True})
pieces, usage, finish = [], None, None
for chunk in stream:
    if chunk.usage is not None:
        usage = chunk.usage
    for choice in chunk.choices:
        if choice.delta.content:
            pieces.append(choice.delta.content)
        if choice.finish_reason:
            finish = choice.finish_reason
check("".join(pieces) == EXPECTED, "streamed text: %r" % "".join(pieces))
check(len(pieces) > 1, "one piece only")
check(finish == "stop", "streamed finish_reason: %r" % finish)
check(usage is not None and usage.total_tokens > 0, "streamed usage: %r" % usage)
check(cost_of(usage) is not None and cost_of(usage) > 0, "streamed cost: %r" % usage)
print("ok streamed")

# Tools: the model calls get_weather, streamed and not; the result goes back as a tool message.
called = client.chat.completions.create(
    model=TOOLS_MODEL, messages=[{"role": "user", "content": "weather in Paris?"}], tools=TOOLS, tool_choice="auto")
message = called.choices[0].message
check(called.choices[0].finish_reason == "tool_calls", "tool finish_reason: %r" % called.choices[0].finish_reason)
check(message.tool_calls and message.tool_calls[0].function.name == "get_weather", "tool_calls: %r" % message)
call = message.tool_calls[0]
check('"Paris"' in call.function.arguments, "arguments: %r" % call.function.arguments)

streamed_calls = {}
for chunk in client.chat.completions.create(
        model=TOOLS_MODEL, messages=[{"role": "user", "content": "weather in Paris?"}], tools=TOOLS, stream=True):
    for choice in chunk.choices:
        for delta in choice.delta.tool_calls or []:
            entry = streamed_calls.setdefault(delta.index, {"id": None, "name": "", "arguments": ""})
            entry["id"] = delta.id or entry["id"]
            if delta.function and delta.function.name:
                entry["name"] += delta.function.name
            if delta.function and delta.function.arguments:
                entry["arguments"] += delta.function.arguments
check(streamed_calls.get(0, {}).get("name") == "get_weather", "streamed tool calls: %r" % streamed_calls)
check(streamed_calls[0]["arguments"] == call.function.arguments, "streamed arguments: %r" % streamed_calls)

answered = client.chat.completions.create(model=MODEL, messages=[
    {"role": "user", "content": "weather in Paris?"},
    {"role": "assistant", "content": None, "tool_calls": [
        {"id": call.id, "type": "function", "function": {"name": "get_weather", "arguments": call.function.arguments}}]},
    {"role": "tool", "tool_call_id": call.id, "content": "18C and sunny"},
], tools=TOOLS)
check(answered.choices[0].message.content == EXPECTED, "answer after the tool: %r" % answered.choices[0].message)
print("ok tools " + call.id)

# An unknown model is the SDK's NotFoundError, with close matches in the message.
try:
    client.chat.completions.create(model="gpt-4o-mni", messages=[{"role": "user", "content": "x"}])
    check(False, "an unknown model was accepted")
except openai.NotFoundError as error:
    check(error.status_code == 404, "status: %r" % error.status_code)
    check("gpt-4o-mini" in str(error), "message: %s" % error)
print("ok unknown model")

# A refused body is the SDK's BadRequestError.
try:
    client.chat.completions.create(model=MODEL, messages=[{"role": "robot", "content": "x"}])
    check(False, "a bad role was accepted")
except openai.BadRequestError as error:
    check("messages[0].role" in str(error), "message: %s" % error)
print("ok bad request")

models = [model.id for model in client.models.list()]
check(MODEL in models and "auto" in models, "models: %r" % models[:5])
print("ok models")
print("all checks passed")
