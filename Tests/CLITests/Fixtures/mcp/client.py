"""Drives `agent-report mcp` with the official MCP Python client, for the Swift tests.

    client.py session BINARY PROJECT    the whole surface, bad inputs included: one JSON object
    client.py load BINARY PROJECT N     N validate_answer calls on one session: counts, memory, latency
    client.py raw BINARY PROJECT        messages the official client cannot send (not Unicode)
    client.py latency BINARY PROJECT N ANSWER
                                        round trips of validate_answer on ANSWER and of a call
                                        answered at once (the protocol's own cost), for the bench

Each mode prints one JSON object on stdout; the Swift tests assert on it.
"""
import asyncio
import json
import os
import statistics
import sys
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def sample(name):
    with open(os.path.join(ROOT, "samples", name), encoding="utf-8") as f:
        return f.read()


def result(r):
    """A tool result as plain JSON."""
    return {
        "isError": bool(r.is_error),
        "text": "".join(c.text for c in r.content if getattr(c, "type", "") == "text"),
        "structured": r.structured_content,
    }


def server(binary, project, *extra):
    return StdioServerParameters(command=binary, args=["mcp", *extra], cwd=project,
                                 env={"PATH": os.environ.get("PATH", ""), "HOME": project})


async def session_mode(binary, project):
    out = {}
    async with stdio_client(server(binary, project, "--max-input-size", "1")) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            out["protocolVersion"] = init.protocol_version
            out["serverName"] = init.server_info.name
            tools = await session.list_tools()
            out["tools"] = {t.name: {"input": t.input_schema, "output": t.output_schema} for t in tools.tools}
            prompts = await session.list_prompts()
            out["prompts"] = [p.name for p in prompts.prompts]
            calls = [
                ("defective", "validate_answer", {"answer": sample("defects.md"), "format": "backend-engineer"}),
                ("clean", "validate_answer", {"answer": sample("clean-markdown.md")}),
                ("agent", "validate_answer", {"answer": "## Summary\nAll good.\n", "format": "reviewer"}),
                ("html", "render_report", {"answer": sample("clean-markdown.md"), "to": "html"}),
                ("markdown", "render_report", {"answer": sample("defects.md"), "format": "backend-engineer", "to": "markdown"}),
                ("returnFormat", "get_return_format", {"format": "backend-engineer"}),
                ("agentFormat", "get_return_format", {"format": "reviewer"}),
                ("formats", "list_formats", {}),
                ("publish", "publish_report", {"answer": sample("clean-markdown.md"), "system": "checkout", "out": "tree"}),
                # Bad inputs: each an error result, and the session goes on.
                ("unknownFormat", "validate_answer", {"answer": "x", "format": "no-such-format"}),
                ("missingAnswer", "validate_answer", {"format": "backend-engineer"}),
                ("wrongType", "validate_answer", {"answer": 42}),
                ("badTo", "render_report", {"answer": "x", "to": "pdf"}),
                ("oversized", "validate_answer", {"answer": "a" * (1536 * 1024)}),
                ("empty", "validate_answer", {"answer": ""}),
                ("binary", "validate_answer", {"answer": "\x00\x01\x02\x03" * 300}),
                ("outside", "publish_report", {"answer": sample("clean-markdown.md"), "out": "/tmp"}),
                ("escape", "publish_report", {"answer": sample("clean-markdown.md"), "out": "../elsewhere"}),
                ("unknownTool", "no_such_tool", {}),
                ("after", "validate_answer", {"answer": sample("defects.md"), "format": "backend-engineer"}),
            ]
            out["calls"] = {}
            for name, tool, arguments in calls:
                out["calls"][name] = result(await session.call_tool(tool, arguments))
            prompt = await session.get_prompt("return_format", {"format": "backend-engineer"})
            out["prompt"] = prompt.messages[0].content.text
            try:
                await session.get_prompt("return_format", {"format": "no-such-format"})
                out["badPrompt"] = "no error"
            except Exception as error:  # an MCP error response, and the session survives it
                out["badPrompt"] = str(error)
            out["afterPrompt"] = result(await session.call_tool("list_formats", {}))["isError"]
    print(json.dumps(out))


def child_rss(kind):
    """VmRSS or VmHWM (kB) of this process's agent-report child."""
    me = os.getpid()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) != me:
                continue
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith(kind + ":"):
                        return int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return None


async def load_mode(binary, project, count):
    answers = [
        (sample("defects.md"), False),
        (sample("clean-markdown.md"), True),
        (sample("clean-plain.md"), True),
    ]
    first = {}
    wrong = []
    latencies = []
    rss = {}
    async with stdio_client(server(binary, project)) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            for index in range(count):
                text, valid = answers[index % len(answers)]
                start = time.perf_counter()
                r = result(await session.call_tool("validate_answer", {"answer": text, "format": "backend-engineer"}))
                latencies.append((time.perf_counter() - start) * 1000)
                key = index % len(answers)
                first.setdefault(key, r)
                if r["isError"] or r["structured"]["valid"] != valid or r != first[key]:
                    wrong.append(index)
                if index + 1 in (count // 10, count):
                    rss[index + 1] = child_rss("VmRSS")
            hwm = child_rss("VmHWM")
    latencies.sort()
    print(json.dumps({
        "calls": count, "wrong": wrong, "rss": rss, "peakKB": hwm,
        "medianMs": statistics.median(latencies),
        "p99Ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "bytes": len(answers[0][0].encode()),
    }))


async def raw_mode(binary, project):
    """JSON-RPC by hand: requests holding invalid UTF-8 or an unpaired surrogate escape."""
    process = await asyncio.create_subprocess_exec(
        binary, "mcp", cwd=project, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL)

    async def exchange(payload, wait_for):
        process.stdin.write(payload + b"\n")
        await process.stdin.drain()
        while True:
            line = await asyncio.wait_for(process.stdout.readline(), 10)
            message = json.loads(line)
            if message.get("id") == wait_for:
                return message

    out = {}
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}
    out["init"] = "result" in await exchange(json.dumps(init).encode(), 1)
    process.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
    call = b'{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"validate_answer","arguments":{"answer":"%s"}}}'
    out["surrogate"] = await exchange(call % (2, b"\\ud800 alone"), 2)
    out["invalidUTF8"] = await exchange(call % (3, b"\xff\xfe\xfd bytes"), 3)
    out["otherMethod"] = await exchange(b'{"jsonrpc":"2.0","id":4,"method":"tools/list","params":{"cursor":"\xff"}}', 4)
    out["pairedSurrogate"] = await exchange(call % (5, b"## API Architecture\\n- Framework Choice: \\ud83d\\ude00"), 5)
    process.stdin.close()
    out["exit"] = await asyncio.wait_for(process.wait(), 10)
    print(json.dumps(out))


async def latency_mode(binary, project, count, answer_path):
    with open(answer_path, encoding="utf-8") as f:
        answer = f.read()

    def summary(times):
        times.sort()
        return {"medianMs": statistics.median(times), "p99Ms": times[min(len(times) - 1, int(len(times) * 0.99))]}

    out = {"bytes": len(answer.encode()), "calls": count}
    async with stdio_client(server(binary, project)) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            for name, tool, arguments in [
                ("validate", "validate_answer", {"answer": answer, "format": "backend-engineer"}),
                ("reference", "no_such_tool", {}),
            ]:
                for _ in range(20):  # warm-up
                    await session.call_tool(tool, arguments)
                times = []
                for _ in range(count):
                    start = time.perf_counter()
                    await session.call_tool(tool, arguments)
                    times.append((time.perf_counter() - start) * 1000)
                out[name] = summary(times)
            out["peakKB"] = child_rss("VmHWM")
    print(json.dumps(out))


def main():
    mode, binary, project = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "session":
        asyncio.run(session_mode(binary, project))
    elif mode == "load":
        asyncio.run(load_mode(binary, project, int(sys.argv[4])))
    elif mode == "latency":
        asyncio.run(latency_mode(binary, project, int(sys.argv[4]), sys.argv[5]))
    elif mode == "raw":
        asyncio.run(raw_mode(binary, project))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
