/**
 * The body of a form post. A body that is not a form (no or another
 * Content-Type, a broken multipart) is a 400 with a clear message: bad input
 * never becomes a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new Response(
      'This request did not carry a form. Please open the page and send the form again.',
      { status: 400 },
    )
  }
}
