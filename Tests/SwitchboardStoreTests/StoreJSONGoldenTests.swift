import Foundation
import XCTest
@testable import SwitchboardStore
import SwitchboardCore

/// The bytes of `history export` and of `history show/list --json`, pinned as the code before the shared JSON shapes
/// wrote them for `StoreJSONGoldenFixture`. An export file written then must still import, and exporting it again
/// must give the same bytes.
final class StoreJSONGoldenTests: XCTestCase {
    func testAVersion1ExportFromBeforeImportsAndExportsAgainByteForByte() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.file("golden.sqlite"))
        let result = try store.importJSON(Data(Self.export.utf8))
        XCTAssertEqual(result.sessionID, StoreJSONGoldenFixture.sessionID)
        XCTAssertEqual(result.messageCount, 3)
        XCTAssertEqual(result.attemptCount, 2)
        XCTAssertEqual(String(decoding: try store.exportJSON(result.sessionID), as: UTF8.self), Self.export)
    }

    func testAnExportWritesTheSameBytesAsBefore() throws {
        XCTAssertEqual(String(decoding: try SessionArchive(StoreJSONGoldenFixture.detail()).encoded(), as: UTF8.self), Self.export)
    }

    /// Keys an older or hand-written file leaves out read as null, as they did when each shape decoded itself.
    func testAnExportWithoutItsNullKeysStillImports() throws {
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(Self.export.utf8)) as? [String: Any])
        var metadata = try XCTUnwrap(object["metadata"] as? [[String: Any]])
        for index in metadata.indices {
            for key in ["cost", "cost_reported", "ttft_ms", "duration_ms", "model", "provider", "usage", "parent", "requested_model"]
            where metadata[index][key] is NSNull {
                metadata[index].removeValue(forKey: key)
            }
        }
        object["metadata"] = metadata
        object.removeValue(forKey: "tag")
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(url: directory.file("sparse.sqlite"))
        let result = try store.importJSON(try JSONSerialization.data(withJSONObject: object))
        let detail = try store.sessionDetail(result.sessionID)
        XCTAssertNil(detail.session.tag)
        XCTAssertEqual(detail.entries.map(\.message.usage), [nil, Usage(input: 9, output: 21, cacheRead: 4), nil])
        XCTAssertEqual(detail.entries.map(\.message.cost), [nil, nil, nil])
        XCTAssertEqual(detail.entries.map(\.message.parentID), [nil, detail.entries[0].message.id, detail.entries[0].message.id])
    }

    func testShowWritesTheSameBytesAsBefore() throws {
        XCTAssertEqual(String(decoding: try StoreJSON.show(StoreJSONGoldenFixture.detail()), as: UTF8.self), Self.show)
    }

    func testListWritesTheSameBytesAsBefore() throws {
        let detail = StoreJSONGoldenFixture.detail()
        let list = try StoreJSON.list([SessionSummary(session: detail.session, messageCount: 3, models: ["openai/gpt-4o"],
                                                      cost: CostTotal(known: Money(Decimal(string: "0.5") ?? 0), knownCount: 1,
                                                                      unknownCount: 1))])
        XCTAssertEqual(String(decoding: list, as: UTF8.self), Self.list)
    }

    static let export = #"""
{
  "archived" : false,
  "created_at" : "2025-06-15T15:06:40.250Z",
  "format" : "switchboard.session",
  "id" : "5c1f3a0e-2b4d-4e6f-8a9b-0c1d2e3f4a5b",
  "messages" : [
    {
      "content" : "Explain 数据库 \u001b[31m/ paths",
      "role" : "user"
    },
    {
      "content" : "A database stores data.\n\n```sql\nSELECT 1;\n```",
      "role" : "assistant"
    },
    {
      "content" : "partial",
      "role" : "assistant"
    }
  ],
  "metadata" : [
    {
      "attempts" : [

      ],
      "cost" : null,
      "cost_reported" : null,
      "created_at" : "2025-06-15T15:06:40.250Z",
      "duration_ms" : null,
      "model" : null,
      "parent" : null,
      "provider" : null,
      "requested_model" : null,
      "status" : "complete",
      "ttft_ms" : null,
      "turn_id" : "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9",
      "updated_at" : "2025-06-15T15:06:40.250Z",
      "usage" : null
    },
    {
      "attempts" : [
        {
          "after_first_token" : false,
          "cost" : null,
          "cost_reported" : null,
          "duration_ms" : 80,
          "error" : "slow down",
          "http_status" : 429,
          "model" : "openai/gpt-4o",
          "ordinal" : 1,
          "outcome" : "rate_limited",
          "provider" : "openai",
          "provider_model" : "gpt-4o",
          "reason" : "explicit",
          "started_at" : "2025-06-15T15:06:40.250Z",
          "ttft_ms" : null,
          "usage" : {
            "cache_read" : 0,
            "cache_write" : 0,
            "input" : 0,
            "output" : 0,
            "reasoning" : 0
          }
        },
        {
          "after_first_token" : false,
          "cost" : null,
          "cost_reported" : "0.00042",
          "duration_ms" : 2048,
          "error" : null,
          "http_status" : 200,
          "model" : "openai/gpt-4o",
          "ordinal" : 2,
          "outcome" : "success",
          "provider" : "openrouter",
          "provider_model" : "openai/gpt-4o",
          "reason" : "fallback 1 of 1",
          "started_at" : "2025-06-15T15:06:40.250Z",
          "ttft_ms" : 333,
          "usage" : {
            "cache_read" : 4,
            "cache_write" : 0,
            "input" : 9,
            "output" : 21,
            "reasoning" : 0
          }
        }
      ],
      "cost" : null,
      "cost_reported" : "0.00042",
      "created_at" : "2025-06-15T15:06:40.250Z",
      "duration_ms" : 2048,
      "model" : "openai/gpt-4o",
      "parent" : 0,
      "provider" : "openrouter",
      "requested_model" : "auto",
      "status" : "complete",
      "ttft_ms" : 333,
      "turn_id" : "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9",
      "updated_at" : "2025-06-15T15:06:42.750Z",
      "usage" : {
        "cache_read" : 4,
        "cache_write" : 0,
        "input" : 9,
        "output" : 21,
        "reasoning" : 0
      }
    },
    {
      "attempts" : [

      ],
      "cost" : null,
      "cost_reported" : null,
      "created_at" : "2025-06-15T15:06:42.750Z",
      "duration_ms" : null,
      "model" : null,
      "parent" : 0,
      "provider" : null,
      "requested_model" : "demo/mini",
      "status" : "incomplete",
      "ttft_ms" : null,
      "turn_id" : "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f",
      "updated_at" : "2025-06-15T15:06:42.750Z",
      "usage" : null
    }
  ],
  "model" : "openai/gpt-4o",
  "system_prompt" : "Be exact",
  "tag" : "code",
  "title" : "Paths a/b \u001b 数据",
  "updated_at" : "2025-06-15T15:06:42.750Z",
  "version" : 1
}
"""# + "\n"

    static let show = #"""
{
  "archived" : false,
  "created_at" : "2025-06-15T15:06:40.250Z",
  "id" : "5c1f3a0e-2b4d-4e6f-8a9b-0c1d2e3f4a5b",
  "messages" : [
    {
      "attempts" : [

      ],
      "cost" : null,
      "cost_reported" : null,
      "created_at" : "2025-06-15T15:06:40.250Z",
      "duration_ms" : null,
      "id" : 1,
      "model" : null,
      "parent_id" : null,
      "provider" : null,
      "requested_model" : null,
      "role" : "user",
      "route" : null,
      "status" : "complete",
      "text" : "Explain 数据库 \u001b[31m/ paths",
      "ttft_ms" : null,
      "turn_id" : "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9",
      "updated_at" : "2025-06-15T15:06:40.250Z",
      "usage" : null
    },
    {
      "attempts" : [
        {
          "after_first_token" : false,
          "cost" : null,
          "cost_reported" : null,
          "duration_ms" : 80,
          "error" : "slow down",
          "http_status" : 429,
          "model" : "openai/gpt-4o",
          "ordinal" : 1,
          "outcome" : "rate_limited",
          "provider" : "openai",
          "provider_model" : "gpt-4o",
          "reason" : "explicit",
          "started_at" : "2025-06-15T15:06:40.250Z",
          "ttft_ms" : null,
          "usage" : {
            "cache_read" : 0,
            "cache_write" : 0,
            "input" : 0,
            "output" : 0,
            "reasoning" : 0
          }
        },
        {
          "after_first_token" : false,
          "cost" : null,
          "cost_reported" : "0.00042",
          "duration_ms" : 2048,
          "error" : null,
          "http_status" : 200,
          "model" : "openai/gpt-4o",
          "ordinal" : 2,
          "outcome" : "success",
          "provider" : "openrouter",
          "provider_model" : "openai/gpt-4o",
          "reason" : "fallback 1 of 1",
          "started_at" : "2025-06-15T15:06:40.250Z",
          "ttft_ms" : 333,
          "usage" : {
            "cache_read" : 4,
            "cache_write" : 0,
            "input" : 9,
            "output" : 21,
            "reasoning" : 0
          }
        }
      ],
      "cost" : null,
      "cost_reported" : "0.00042",
      "created_at" : "2025-06-15T15:06:40.250Z",
      "duration_ms" : 2048,
      "id" : 2,
      "model" : "openai/gpt-4o",
      "parent_id" : 1,
      "provider" : "openrouter",
      "requested_model" : "auto",
      "role" : "assistant",
      "route" : {
        "candidates" : [
          {
            "model" : "openai/gpt-4o",
            "note" : null,
            "ok" : true,
            "score" : 0.5
          }
        ],
        "policy" : "auto"
      },
      "status" : "complete",
      "text" : "A database stores data.\n\n```sql\nSELECT 1;\n```",
      "ttft_ms" : 333,
      "turn_id" : "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9",
      "updated_at" : "2025-06-15T15:06:42.750Z",
      "usage" : {
        "cache_read" : 4,
        "cache_write" : 0,
        "input" : 9,
        "output" : 21,
        "reasoning" : 0
      }
    },
    {
      "attempts" : [

      ],
      "cost" : null,
      "cost_reported" : null,
      "created_at" : "2025-06-15T15:06:42.750Z",
      "duration_ms" : null,
      "id" : 3,
      "model" : null,
      "parent_id" : 1,
      "provider" : null,
      "requested_model" : "demo/mini",
      "role" : "assistant",
      "route" : null,
      "status" : "incomplete",
      "text" : "partial",
      "ttft_ms" : null,
      "turn_id" : "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f",
      "updated_at" : "2025-06-15T15:06:42.750Z",
      "usage" : null
    }
  ],
  "model" : "openai/gpt-4o",
  "system_prompt" : "Be exact",
  "tag" : "code",
  "title" : "Paths a/b \u001b 数据",
  "updated_at" : "2025-06-15T15:06:42.750Z"
}
"""# + "\n"

    static let list = #"""
[
  {
    "archived" : false,
    "cost" : "0.5",
    "created_at" : "2025-06-15T15:06:40.250Z",
    "id" : "5c1f3a0e-2b4d-4e6f-8a9b-0c1d2e3f4a5b",
    "messages" : 3,
    "model" : "openai/gpt-4o",
    "models" : [
      "openai/gpt-4o"
    ],
    "system_prompt" : "Be exact",
    "tag" : "code",
    "title" : "Paths a/b \u001b 数据",
    "unknown_costs" : 1,
    "updated_at" : "2025-06-15T15:06:42.750Z"
  }
]
"""# + "\n"
}
