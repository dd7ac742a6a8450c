import Foundation
import SwitchboardCore

/// A finished turn as the non-streamed Responses body: the response object with its output items and usage.
enum ResponsesObjectEncoder {
    static func response(_ summary: TurnSummary, request: ResponsesEcho, ids: ResponsesIDs) throws -> [UInt8] {
        let ending = ResponsesWireWords.ending(summary)
        return try ResponsesWireWords.response(
            request, ids: ids, model: summary.route.model, status: ending.status,
            output: ResponsesWireWords.output(summary, ids: ids, custom: request.customTools), usage: summary.usage,
            incompleteReason: ending.incompleteReason).bytes()
    }
}
