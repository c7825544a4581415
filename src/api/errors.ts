/** CoCart's error envelope on the wire. */
export interface ErrorBody {
  code: string;
  message: string;
  data: { status: number } & Record<string, unknown>;
  additional_errors?: ErrorBody[];
}
