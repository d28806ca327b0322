@_exported import OtelSDK
