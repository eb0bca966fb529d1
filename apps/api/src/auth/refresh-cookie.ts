/** The browser console's refresh token travels in this cookie (httpOnly, SameSite=Strict, Path=/auth). */
export const REFRESH_COOKIE = 'mou_refresh';
